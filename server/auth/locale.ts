import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { getDb } from "../db";

/** The saved language of the account with this email, if any. */
export async function savedLocaleFor(email: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ locale: users.locale })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .limit(1);
  return row?.locale ?? null;
}
