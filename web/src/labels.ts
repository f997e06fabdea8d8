// Words for the schema's enums. Each map is a Record over the generated enum type, so a value
// added to schema.graphqls fails the type check until it has a label here.
import type { FacilityStatus, FacilityType, PolicyType, Stage } from './gql/graphql';

export const stageLabels: Record<Stage, string> = {
  MINING: 'Mining',
  REFINING: 'Refining',
  MAGNETS: 'Magnets',
  BATTERY_ANODE: 'Battery anode',
};

/** The stages in supply-chain order. */
export const stages = Object.keys(stageLabels) as Stage[];

/** stageNoun says what a share of a stage is a share of: "world mine production". */
export const stageNouns: Record<Stage, string> = {
  MINING: 'world mine production',
  REFINING: 'world refined production',
  MAGNETS: 'world magnet production',
  BATTERY_ANODE: 'world battery anode production',
};

export const policyTypeLabels: Record<PolicyType, string> = {
  EXPORT_CONTROL: 'Export control',
  EXPORT_BAN: 'Export ban',
  EXPORT_QUOTA: 'Export quota',
  TARIFF: 'Tariff',
  INVESTIGATION: 'Investigation',
  PRICE_FLOOR: 'Price floor',
  STOCKPILE: 'Stockpile',
  SUBSIDY: 'Subsidy',
  AGREEMENT: 'Agreement',
  LEGISLATION: 'Legislation',
  SUSPENSION: 'Suspension',
  LIST: 'Critical-mineral list',
};

export const policyTypes = Object.keys(policyTypeLabels) as PolicyType[];

export const facilityTypeLabels: Record<FacilityType, string> = {
  MINE: 'Mine',
  BRINE: 'Brine operation',
  REFINERY: 'Refinery',
  SMELTER: 'Smelter',
  PROCESSING_PLANT: 'Processing plant',
  SEPARATION_PLANT: 'Separation plant',
  MAGNET_PLANT: 'Magnet plant',
  ANODE_PLANT: 'Anode plant',
  CATHODE_PLANT: 'Cathode plant',
  RECYCLING_PLANT: 'Recycling plant',
};

export const facilityStatusLabels: Record<FacilityStatus, string> = {
  OPERATING: 'operating',
  CONSTRUCTION: 'under construction',
  DEVELOPMENT: 'in development',
  PLANNED: 'planned',
  SUSPENDED: 'suspended',
  CARE_AND_MAINTENANCE: 'on care and maintenance',
  CLOSED: 'closed',
  UNKNOWN: 'status not published',
};

/** isStage narrows a URL parameter to a Stage. */
export function isStage(s: string | null | undefined): s is Stage {
  return s != null && s in stageLabels;
}

/** isPolicyType narrows a URL parameter to a PolicyType. */
export function isPolicyType(s: string | null | undefined): s is PolicyType {
  return s != null && s in policyTypeLabels;
}
