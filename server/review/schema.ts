import { z } from "zod";
import { ZId } from "../org/schema";

export const ZReviewInput = z.object({ periodId: ZId });
export const ZPrefillInput = z.object({ periodId: ZId, retroId: ZId.optional() });
export type TPrefillInput = z.infer<typeof ZPrefillInput>;
