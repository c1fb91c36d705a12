/** 行政区划代码 (GB/T 2260): see region.ts. */
export {
  ancestorsOf,
  childrenOf,
  findRegion,
  getRegion,
  isGbCode,
  listRegions,
  NATIONAL_ROOT,
  NATIONAL_ROOT_CODE,
  REGION_CODE_RE,
  type Region,
  type RegionLevel,
  type RegionListOptions,
  regionContains,
  regionPath,
} from './region.ts';
