"use client";

import { PageError } from "@/app/_components/app/page-error";

/**
 * Errors below the root layout that no nearer boundary catches, e.g. the organisation layout's
 * membership check when the database cannot be reached: shown inside the root layout (styles,
 * language) instead of falling through to global-error.
 */
export default PageError;
