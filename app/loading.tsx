export default function BriefsLoading() {
  return (
    <p role="status" className="text-slate-600 dark:text-slate-400">
      Loading briefs…
    </p>
  );
}
