import type { Routes } from './http-server';
import { BookingPagesDeps, registerBookingPages } from './booking-pages';
import { DataRequestRoutesDeps, registerDataRequestRoutes } from './data-request-routes';
import { registerDirectLineToken } from './directline-token';
import { LocalDirectLine } from './local-direct-line';
import { OfficerRoutesDeps, registerOfficerRoutes } from './officer-routes';
import { ResidentPagesDeps, registerResidentPages } from './resident-pages';
import { registerStatisticsRoutes } from './statistics-routes';
import { SurgeryRoutesDeps, registerSurgeryRoutes } from './surgery-routes';

/** The councillors' tab: its surgeries, live queue and figures. */
export function councillorRoutes(deps: SurgeryRoutesDeps): Routes {
  return (server, { fail }) => {
    registerSurgeryRoutes(server, deps, fail);
    registerStatisticsRoutes(server, deps, fail);
  };
}

/** The officers' page: the overview, the audit trail, and residents' data requests. */
export function officerRoutes(deps: OfficerRoutesDeps & DataRequestRoutesDeps): Routes {
  return (server, { fail }) => {
    registerDataRequestRoutes(server, deps, fail);
    registerOfficerRoutes(server, deps, fail);
  };
}

/** What residents open: status, surgery and booking pages, and the web chat with its Direct Line tokens. */
export function residentRoutes(deps: ResidentPagesDeps & BookingPagesDeps): Routes {
  return (server, { limits }) => {
    registerResidentPages(server, deps);
    const directLine = deps.residentPages.directLine;
    const localDirectLine = directLine.local ? new LocalDirectLine(deps.log, deps.clock) : undefined;
    localDirectLine?.register(server);
    registerDirectLineToken(server, directLine, deps.log, limits.directLineTokens, localDirectLine);
    registerBookingPages(server, deps);
  };
}
