import { errorMessage } from "@/lib/log/error-message";

/**
 * Reads a command line's options, or prints why they are wrong and how to call the script.
 * Null means bad usage: the script exits 2.
 */
export function optionsOrUsage<Options>(readOptions: () => Options, usage: string): Options | null {
  try {
    return readOptions();
  } catch (error) {
    console.error(`${errorMessage(error)}\n${usage}`);
    return null;
  }
}
