// One audit observation. "error" findings put the run's result in doubt (leakage, mislabelled data);
// "warning" ones deserve a look; "info" records what the pipeline did about something (class weights).

export type Severity = "info" | "warning" | "error";

export interface Finding {
  check: string;
  severity: Severity;
  message: string;
  columns?: string[];
}
