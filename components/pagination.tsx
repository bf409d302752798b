import Link from "next/link";
import { briefListHref } from "@/lib/briefs/list-href";
import type { BriefListParams } from "@/lib/briefs/validations";

export type PaginationProps = { params: BriefListParams; pageCount: number };

export function Pagination({ params, pageCount }: PaginationProps) {
  if (pageCount <= 1) return null;
  const linkClass = "rounded border border-slate-300 px-3 py-1 hover:border-slate-500 dark:border-slate-700";
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm">
      {params.page > 1 ? (
        <Link href={briefListHref({ ...params, page: params.page - 1 })} className={linkClass} rel="prev">
          Newer
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {params.page} of {pageCount}
      </span>
      {params.page < pageCount ? (
        <Link href={briefListHref({ ...params, page: params.page + 1 })} className={linkClass} rel="next">
          Older
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
