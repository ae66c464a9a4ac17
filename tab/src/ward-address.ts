// The ward report lives in the address (?ward=<name>&month=<YYYY-MM>), like the chosen surgery does.

export function wardReportAddress(ward: string, month?: string): string {
  const query = new URLSearchParams({ ward, ...(month ? { month } : {}) });
  return `?${query.toString()}`;
}

/** The ward and month in the address, when the ward report is asked for. */
export function wardInAddress(): { ward: string; month?: string } | undefined {
  const query = new URLSearchParams(window.location.search);
  const ward = query.get('ward')?.trim();
  const month = query.get('month') ?? undefined;
  return ward ? { ward, ...(month ? { month } : {}) } : undefined;
}
