"use client";

import { PageError } from "@/app/_components/app/page-error";

/** Errors of an organisation page (its layout's errors reach app/error.tsx). */
export default PageError;
