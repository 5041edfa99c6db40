import type { DepartmentKind, PlaceType } from '../features/registry/vocabulary.ts';
import type { Principal } from '../platform/authz/scope.ts';
import type { HazardDesk } from './support.ts';

/** The district as the seeders see it: loaded once (demo-inspections.ts), shared by the seeders of a district. */

export interface DemoCompound {
  id: string;
  path: string;
  name: string;
  communityId: string;
  streetId: string;
  companyId: string | null;
  buildings: { id: string; name: string }[];
}

export interface DemoPlace {
  id: string;
  name: string;
  type: PlaceType;
  orgUnitId: string;
  communityId: string;
  streetId: string;
  latitude: number | null;
  longitude: number | null;
}

export interface DemoWorld {
  tenantId: string;
  slug: string;
  timeZone: string;
  desk: HazardDesk;
  committee: Principal;
  gridMember: Principal;
  /** The station staff of each street (by street id). */
  stations: Map<string, Principal>;
  communities: { id: string; path: string; name: string; streetId: string; staff: Principal }[];
  compounds: DemoCompound[];
  places: DemoPlace[];
  companies: { id: string; name: string; manager: Principal }[];
  departments: Map<DepartmentKind, { id: string; staff: Principal }>;
  /** Hazard category id by code. */
  categories: Map<string, string>;
}
