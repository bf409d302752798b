import Link from "next/link";

export default function NotFoundPage() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>There is no brief or page at this address. It may have been mistyped.</p>
      <Link href="/" className="underline underline-offset-2">
        Back to all briefs
      </Link>
    </div>
  );
}
