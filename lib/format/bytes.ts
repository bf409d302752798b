/** A size as limits and errors state it: MiB with one decimal from 1 MiB up, bytes below. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}
