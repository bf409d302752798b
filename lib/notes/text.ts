/**
 * A note's words as pieces to render: plain text, http(s) links and @mentions. Nothing in a note is
 * ever markup: a page renders each piece as a text node (a link's text too), so `<script>` in a note
 * is shown, never run. Line breaks stay in the text pieces; the page keeps them with white-space.
 */
export type NotePiece =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; href: string }
  | { kind: "mention"; text: string; name: string };

// A link starts with http:// or https:// after the start or a character that is not part of a word
// (so "xhttps://" is not one), and runs to whitespace or a character no autolinker takes into a URL
// (`<`, `>`, quotes): `https://x.example/a?b=<script>` links `https://x.example/a?b=` only.
// `javascript:`, `data:` and every other scheme stay text: only these two are ever matched.
const LINK = /(?<![A-Za-z0-9])https?:\/\/[^\s<>"'`]+/giy;
// `@name`: the local part of an email (letters, digits, . _ + -) after the start or a character that
// cannot end an email's local part, so the "@" inside "ana@example.org" is not a mention.
const MENTION = /(?<![A-Za-z0-9._+-])@([A-Za-z0-9._+-]+)/y;

/** Punctuation that ends a sentence rather than a URL or a name: "see https://x.example." */
function trimTrailing(candidate: string, link: boolean): string {
  let text = candidate.replace(link ? /[.,;:!?]+$/ : /[.+-]+$/, "");
  // A closing parenthesis belongs to the link only when the link opened one: "(see https://x.example)".
  while (link && text.endsWith(")") && (text.match(/\(/g)?.length ?? 0) < (text.match(/\)/g)?.length ?? 0)) {
    text = text.slice(0, -1).replace(/[.,;:!?]+$/, "");
  }
  return text;
}

/** The address a link piece points to, or null when the text is not a well-formed http(s) URL. */
function linkHref(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Splits a note's body into text, links and mentions, in order; joined, their texts give the body back. */
export function parseNoteText(body: string): NotePiece[] {
  const pieces: NotePiece[] = [];
  let text = "";
  let index = 0;
  const flush = () => {
    if (text) pieces.push({ kind: "text", text });
    text = "";
  };
  while (index < body.length) {
    LINK.lastIndex = index;
    const link = LINK.exec(body);
    if (link) {
      const candidate = trimTrailing(link[0], true);
      const href = linkHref(candidate);
      if (href && /^https?:\/\/./i.test(candidate)) {
        flush();
        pieces.push({ kind: "link", text: candidate, href });
        index += candidate.length;
        continue;
      }
    }
    MENTION.lastIndex = index;
    const mention = MENTION.exec(body);
    if (mention) {
      const name = trimTrailing(mention[1], false);
      if (name) {
        flush();
        pieces.push({ kind: "mention", text: `@${name}`, name: name.toLowerCase() });
        index += name.length + 1;
        continue;
      }
    }
    text += body[index];
    index += 1;
  }
  flush();
  return pieces;
}

/** The names a body mentions (lower case, once each): whom to look up before rendering it. */
export function mentionedNames(body: string): string[] {
  const names = parseNoteText(body).flatMap((piece) => (piece.kind === "mention" ? [piece.name] : []));
  return [...new Set(names)];
}
