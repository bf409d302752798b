import Link from "next/link";

export default function ForbiddenPage() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">Not allowed</h1>
      <p>Your role does not open this page. An admin can change your role on the users page.</p>
      <Link href="/" className="underline underline-offset-2">
        Back to all briefs
      </Link>
    </div>
  );
}
