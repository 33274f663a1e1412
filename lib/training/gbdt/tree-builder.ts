// Collects nodes while a tree grows (their count is unknown up front) and freezes them into the
// flat typed arrays of `Tree`.

import type { Tree } from "./types";

export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly value: number[] = [];
  private readonly gain: number[] = [];
  private readonly cover: number[] = [];

  addLeaf(cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.missingLeft.push(0);
    this.value.push(0);
    this.gain.push(0);
    this.cover.push(cover);
    return this.feature.length - 1;
  }

  setLeafValue(node: number, value: number): void {
    this.value[node] = Math.fround(value);
  }

  /** Turns a leaf into a split and returns its new [left, right] children. */
  split(
    node: number,
    s: { feature: number; threshold: number; missingLeft: boolean; gain: number; leftCover: number; rightCover: number },
  ): [number, number] {
    const l = this.addLeaf(s.leftCover);
    const r = this.addLeaf(s.rightCover);
    this.feature[node] = s.feature;
    this.threshold[node] = Math.fround(s.threshold);
    this.left[node] = l;
    this.right[node] = r;
    this.missingLeft[node] = s.missingLeft ? 1 : 0;
    this.gain[node] = s.gain;
    return [l, r];
  }

  build(target: number): Tree {
    return {
      target,
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      missingLeft: Uint8Array.from(this.missingLeft),
      value: Float32Array.from(this.value),
      gain: Float64Array.from(this.gain),
      cover: Float64Array.from(this.cover),
    };
  }
}
