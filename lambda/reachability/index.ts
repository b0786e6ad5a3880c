export * from './diagnosis';
export { diagnose, internetExposure, NO_EXPOSURE } from './diagnose';
export { INTERNET_PROBE, ReachabilityEngine, type RouteResolution } from './engine';
export { interfacesOf } from './instance';
