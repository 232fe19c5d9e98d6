import { sql } from "drizzle-orm";
import { keyResults } from "@/db/schema";

/**
 * A key result's progress 0–100 in SQL, the same rules as krProgress() in server/okrs/progress.ts:
 * milestones are done at ≥ 1; bands are 100 inside and fall to 0 one band-width outside; otherwise
 * the share of the way from start to target, clamped.
 */
const krValue = sql`coalesce(${keyResults.currentValue}, ${keyResults.startValue})`;
const bandLo = sql`coalesce(${keyResults.bandMin}, ${keyResults.targetValue})`;
const bandHi = sql`coalesce(${keyResults.bandMax}, ${keyResults.targetValue})`;
export const krProgressSql = sql<number>`(case
  when ${keyResults.type} = 'milestone' then case when ${krValue} >= 1 then 100 else 0 end
  when ${keyResults.direction} = 'band' then case
    when ${krValue} >= ${bandLo} and ${krValue} <= ${bandHi} then 100
    else greatest(0, least(100, 100 - (case when ${krValue} < ${bandLo} then ${bandLo} - ${krValue} else ${krValue} - ${bandHi} end)
      / greatest(${bandHi} - ${bandLo}, abs(${bandHi}) * 0.1, 1e-9) * 100))
  end
  when ${keyResults.targetValue} = ${keyResults.startValue} then case when ${krValue} = ${keyResults.targetValue} then 100 else 0 end
  else greatest(0, least(100, (${krValue} - ${keyResults.startValue}) / (${keyResults.targetValue} - ${keyResults.startValue}) * 100))
end)::float8`;

export const krWeight = sql`greatest(${keyResults.weight}, 0)`;

/**
 * An objective's progress in an aggregate over its key results (group by the objective, left join
 * its KRs): the weighted mean of KR progress, the plain mean when no KR has weight, 0 without KRs —
 * weightedMean() in server/okrs/progress.ts. (Without KRs the left join gives one row of NULLs,
 * whose "progress" PostgreSQL's least()/greatest() would turn into 100: hence the count.)
 */
export const objectiveProgressSql = sql<number>`(case
  when count(${keyResults.id}) = 0 then 0
  when max(${krWeight}) > 0 then sum(${krProgressSql} * ${krWeight}) / sum(${krWeight})
  else avg(${krProgressSql})
end)::float8`;
