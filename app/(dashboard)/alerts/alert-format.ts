export const SEVERITY_TONE = { critical: "red", warning: "amber", info: "blue" } as const;
export const STATUS_TONE = { open: "red", acknowledged: "amber", resolved: "green" } as const;
/** Minutes are enough to line an alert up with its window; the page shows UTC as stored. */
export const time = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");
