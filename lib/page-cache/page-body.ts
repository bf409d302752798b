import { acceptsGzip, gzipTemplate, gzipWithNonce, type GzipTemplate } from "@/lib/page-cache/gzip-with-nonce";
import type { RenderedPage } from "@/lib/page-cache/page-cache";

const templates = new WeakMap<RenderedPage, GzipTemplate>();

/**
 * The bytes of a cached page for one answer: its placeholder nonce swapped for `nonce`, gzipped
 * when the client takes gzip (from a template compressed once per page, see gzip-with-nonce.ts).
 */
export function pageBody(
  page: RenderedPage,
  placeholder: string,
  nonce: string,
  acceptEncoding: string | null,
): { body: Buffer; gzipped: boolean } {
  if (!acceptsGzip(acceptEncoding))
    return { body: Buffer.from(page.body.replaceAll(placeholder, nonce)), gzipped: false };
  let template = templates.get(page);
  if (!template) {
    template = gzipTemplate(page.body, placeholder);
    templates.set(page, template);
  }
  return { body: gzipWithNonce(template, nonce), gzipped: true };
}
