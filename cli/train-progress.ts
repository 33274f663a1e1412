// Training progress for the terminal: a one-line bar redrawn in place (epoch, losses, best so far,
// ETA) when stdout is a TTY; plain log lines otherwise, so CI logs and pipes stay readable.
import type { TrainingEvent } from "@/lib/training/pipeline/run-training";

export function createTrainProgress(
  metric: string,
  stream: NodeJS.WriteStream = process.stdout,
): { onEvent: (event: TrainingEvent) => void; done: () => void } {
  const tty = Boolean(stream.isTTY);
  let barShown = false;
  const clearBar = () => {
    if (barShown) stream.write("\r\x1b[2K");
    barShown = false;
  };
  const secondsPerEpoch: number[] = [];
  return {
    onEvent(event) {
      if (event.kind === "stage") {
        clearBar();
        stream.write(`• ${event.message}\n`);
        return;
      }
      const p = event.progress;
      secondsPerEpoch.push(p.seconds);
      const line = `epoch ${p.epoch}/${p.maxEpochs} train_loss ${p.trainLoss.toFixed(4)} val_loss ${p.validationLoss.toFixed(4)} val_${metric} ${p.validationMetric.toFixed(4)} grad_norm ${p.gradientNorm.toFixed(3)} best ${p.bestValidationLoss.toFixed(4)}@${p.bestEpoch}`;
      if (!tty) {
        stream.write(`${line}\n`);
        return;
      }
      const mean = secondsPerEpoch.reduce((a, b) => a + b, 0) / secondsPerEpoch.length;
      // Early stopping usually ends the run well before the epoch cap, so the cap gives an upper bound.
      const eta = mean * (p.maxEpochs - p.epoch);
      const width = 20;
      const filled = Math.round((p.epoch / p.maxEpochs) * width);
      stream.write(`\r\x1b[2K[${"=".repeat(filled)}${" ".repeat(width - filled)}] ${line} ETA ≤ ${formatDuration(eta)}`);
      barShown = true;
    },
    done: clearBar,
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${Math.round(seconds % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
