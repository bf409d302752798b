import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { awaitingFirstAccount, currentViewer } from "@/lib/auth/access";
import { siteUrl } from "@/lib/site-url";
import { parseTheme, THEME_COOKIE } from "@/lib/theme/theme";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  return {
    metadataBase: await siteUrl(),
    title: { default: "Threat Briefs", template: "%s — Threat Briefs" },
    description: "Threat-intel briefs with severity, ATT&CK tactics and detections, for SOC teams.",
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const [viewer, awaiting] = await Promise.all([currentViewer(), awaitingFirstAccount()]);
  return (
    <html lang="en" className={theme === "system" ? undefined : theme}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
        >
          Skip to content
        </a>
        <SiteHeader
          theme={theme}
          user={viewer && { name: viewer.name, email: viewer.email, role: viewer.role }}
          awaitingFirstAccount={awaiting}
        />
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          {children}
        </main>
      </body>
    </html>
  );
}
