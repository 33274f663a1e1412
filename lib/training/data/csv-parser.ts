// Incremental RFC 4180 parser: fed arbitrary chunks, emits one record at a time, so a file never has
// to be held in memory. Handles quoted fields with commas, doubled quotes and line breaks inside,
// CRLF or LF line ends, and a UTF-8 byte-order mark.

export class CsvParser {
  private field = "";
  private record: string[] = [];
  private inQuotes = false;
  /** A quote seen inside a quoted field: either the closing quote or the first of a doubled pair. */
  private quotePending = false;
  private atStart = true;
  private fieldStarted = false;
  line = 1;

  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    private readonly delimiter = ",",
  ) {}

  feed(chunk: string): void {
    let i = 0;
    if (this.atStart) {
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
      if (chunk.length > 0) this.atStart = false;
    }
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          // fall through: c is the character after a closing quote
        } else if (c === '"') {
          this.quotePending = true;
          continue;
        } else {
          if (c === "\n") this.line++;
          this.field += c;
          continue;
        }
      }
      if (c === this.delimiter) {
        this.endField();
      } else if (c === "\n") {
        this.endRecord();
        this.line++;
      } else if (c === "\r") {
        // CR is dropped; the LF that follows ends the record.
      } else if (c === '"' && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else {
        this.field += c;
        this.fieldStarted = true;
      }
    }
  }

  /** Call once at the end of input: emits a last record without a trailing newline. */
  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) throw new Error(`unterminated quoted field starting before line ${this.line}`);
    if (this.fieldStarted || this.record.length > 0) this.endRecord();
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = "";
    this.fieldStarted = false;
  }

  private endRecord(): void {
    this.endField();
    const record = this.record;
    this.record = [];
    // A blank line is not a record of one empty field.
    if (record.length === 1 && record[0] === "") return;
    this.onRecord(record, this.line);
  }
}
