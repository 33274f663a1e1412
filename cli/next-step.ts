// The commands a command suggests next, written for where the user is working: on a server, the
// URL they gave (never an assumed localhost:3000) and a key; on the local database, as it is.

/** `tidemark COMMAND`, with `--server URL --key $KEY` when the work was done on a server. */
export function cliCommand(command: string, target: { server?: string }): string {
  return `tidemark ${command}${target.server ? ` --server ${target.server} --key $KEY` : ""}`;
}
