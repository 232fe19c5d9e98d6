DROP INDEX "approval_requests_org_created_idx";--> statement-breakpoint
CREATE INDEX "approval_requests_org_created_idx" ON "approval_requests" USING btree ("org_id","created_at","id");