import Link from "next/link";
import { plural } from "@/lib/format/plural";

export type CountLinkProps = { count: number; noun: "brief" | "rule"; technique: string; href: string; text: string; className: string };

/** A coverage count: a link to what it counts, named for a screen reader ("2 briefs describing T1110 Brute Force"), or plain 0. */
export function CountLink({ count, noun, technique, href, text, className }: CountLinkProps) {
  if (count === 0) return <span>{text}</span>;
  return (
    <Link href={href} className={className} aria-label={`${plural(count, noun)} ${noun === "brief" ? "describing" : "detecting"} ${technique}`}>
      {text}
    </Link>
  );
}
