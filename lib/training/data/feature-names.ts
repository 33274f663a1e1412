// Column names become ONNX input names and manifest feature names, which allow only letters,
// digits, _ . - (a model served over JSON is called with these keys). "Beak Length (mm)" becomes
// "Beak_Length_mm"; the original name is kept in the feature's description.

const VALID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function featureNamesFor(columns: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const column of columns) {
    let name = VALID.test(column) ? column : column.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "") || "feature";
    if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
    name = name.slice(0, 120);
    let unique = name;
    for (let k = 2; used.has(unique); k++) unique = `${name}_${k}`;
    used.add(unique);
    names.set(column, unique);
  }
  return names;
}
