/**
 * Tick values for a count axis from 0 to at least `max`: whole numbers, a step of 1, 2 or 5 times a
 * power of ten, and at most `maxSteps` steps, so a week with one brief reads as 1 on an axis to 1,
 * not as a full-height bar with no scale.
 */
export function axisTicks(max: number, maxSteps = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const fitting = [1, 2, 5]
      .map((factor) => factor * magnitude)
      .find((candidate) => Math.ceil(top / candidate) <= maxSteps);
    if (fitting) {
      step = fitting;
      break;
    }
  }
  const steps = Math.ceil(top / step);
  return Array.from({ length: steps + 1 }, (_, index) => index * step);
}
