export * from "./auth";
export * from "./org";
export * from "./audit";
export * from "./okrs";
export * from "./approvals";
export * from "./campaigns";
export * from "./products";
export * from "./risks";
