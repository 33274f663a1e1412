// The two ways a run stops on purpose; the CLI turns them into messages, not stack traces.

/** A run that must not go on (bad labels, unusable data): the message says why and what to do. */
export class TrainingRefused extends Error {}
/** The exported model does not reproduce the evaluated one. */
export class ParityError extends Error {}
