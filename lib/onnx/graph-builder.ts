// Ergonomic layer over onnx-proto: tracks tensor names so generated intermediates never collide
// with user-chosen ones, and works out which opsets the model must import from the nodes it holds.

import {
  encodeModel,
  type AttributeValue,
  type Dim,
  type ElemType,
  type NodeInit,
  type OpsetImport,
  type TensorInit,
  type TensorValues,
  type ValueInfoInit,
} from "./onnx-proto";

export const ML_DOMAIN = "ai.onnx.ml";

/** Opsets Tidemark targets; ORT 1.30 supports both (and newer), older runtimes in the fleet do too. */
export const DEFAULT_OPSETS: Readonly<Record<string, number>> = { "": 17, [ML_DOMAIN]: 3 };

export type InitializerData = Float32Array | Float64Array | BigInt64Array | readonly string[] | readonly boolean[];

export interface NodeOptions {
  attrs?: Readonly<Record<string, AttributeValue>>;
  domain?: string;
  /** Name for the (first) output; generated when absent. */
  output?: string;
  name?: string;
}

export interface ToModelOptions {
  /** Overrides per domain; domains used by nodes but not listed here fall back to DEFAULT_OPSETS. */
  opsets?: Readonly<Record<string, number>>;
  graphName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

export class GraphBuilder {
  private readonly nodes: NodeInit[] = [];
  private readonly initializers: TensorInit[] = [];
  private readonly inputs: ValueInfoInit[] = [];
  private readonly outputs: ValueInfoInit[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  input(name: string, elemType: ElemType, shape: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push({ name, elemType, shape });
    return name;
  }

  /** Declares an existing tensor (a node output, usually named via `NodeOptions.output`) as a graph output. */
  output(name: string, elemType: ElemType, shape: readonly Dim[]): string {
    if (!this.used.has(name)) throw new Error(`graph output "${name}" is not produced by any node, input or initializer`);
    if (this.outputs.some((o) => o.name === name)) throw new Error(`graph output "${name}" declared twice`);
    this.outputs.push({ name, elemType, shape });
    return name;
  }

  initializer(name: string, data: InitializerData, dims: readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    // Checked here as well as at encode time so the error points at the offending call.
    if (count !== data.length)
      throw new RangeError(`initializer "${name}": dims [${dims}] hold ${count} values, got ${data.length}`);
    this.claim(name);
    this.initializers.push({ name, dims, ...tensorValues(data) });
    return name;
  }

  /** An initializer with a generated name, for constants nobody needs to refer to by name. */
  constant(data: InitializerData, dims: readonly number[], hint = "const"): string {
    return this.initializer(this.fresh(hint), data, dims);
  }

  /** Adds a single-output node and returns the output's name. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string {
    const { output, ...rest } = options;
    return this.nodeMulti(opType, inputs, [output ?? this.fresh(opType)], rest)[0];
  }

  /** Adds a node with several outputs (e.g. TreeEnsembleClassifier's label + probabilities). */
  nodeMulti(
    opType: string,
    inputs: readonly string[],
    outputs: number | readonly string[],
    options: Omit<NodeOptions, "output"> = {},
  ): string[] {
    for (const i of inputs) {
      // "" is ONNX's placeholder for an omitted optional input.
      if (i !== "" && !this.used.has(i))
        throw new Error(`${opType}: input "${i}" is not defined yet (nodes must be added in topological order)`);
    }
    const names =
      typeof outputs === "number"
        ? Array.from({ length: outputs }, () => this.claim(this.fresh(opType)))
        : outputs.map((n) => this.claim(n));
    this.nodes.push({
      opType,
      inputs: [...inputs],
      outputs: names,
      name: options.name ?? `${opType}_${this.nodes.length}`,
      domain: options.domain,
      attributes: options.attrs,
    });
    return names;
  }

  toModel(options: ToModelOptions = {}): Uint8Array {
    if (this.outputs.length === 0) throw new Error("graph has no outputs");
    return encodeModel({
      graph: {
        name: options.graphName ?? "tidemark",
        nodes: this.nodes,
        initializers: this.initializers,
        inputs: this.inputs,
        outputs: this.outputs,
      },
      opsets: this.opsetImports(options.opsets ?? {}),
      producerVersion: options.producerVersion,
      docString: options.docString,
      metadata: options.metadata,
    });
  }

  private opsetImports(overrides: Readonly<Record<string, number>>): OpsetImport[] {
    // The default domain is always imported: ORT refuses a model without it.
    const domains = new Set<string>(["", ...Object.keys(overrides), ...this.nodes.map((n) => n.domain ?? "")]);
    return [...domains].map((domain) => {
      const version = overrides[domain] ?? DEFAULT_OPSETS[domain];
      if (version === undefined) throw new Error(`no opset version known for domain "${domain}"; pass it in toModel({ opsets })`);
      return { domain, version };
    });
  }

  private claim(name: string): string {
    if (name === "") throw new Error("tensor names must be non-empty");
    if (this.used.has(name)) throw new Error(`tensor name "${name}" is already used`);
    this.used.add(name);
    return name;
  }

  /** An unused name; the caller claims it. */
  private fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.counter++}`;
    while (this.used.has(name));
    return name;
  }
}

function tensorValues(data: InitializerData): TensorValues {
  if (data instanceof Float32Array) return { type: "float", values: data };
  if (data instanceof Float64Array) return { type: "double", values: data };
  if (data instanceof BigInt64Array) return { type: "int64", values: data };
  if (data.length === 0)
    throw new Error("empty plain arrays are ambiguous (string or bool); use a typed array or non-empty data");
  if (data.every((v): v is string => typeof v === "string")) return { type: "string", values: data as readonly string[] };
  if (data.every((v): v is boolean => typeof v === "boolean")) return { type: "bool", values: data as readonly boolean[] };
  throw new Error("initializer arrays must be all strings or all booleans");
}
