import { Card } from "./card";
import { cn } from "./cn";

/**
 * A titled card section of a detail page: heading, optional description and actions on the right,
 * then the content. With an `id` it is a landmark labelled by its heading and a link target.
 */
export function SectionCard({
  title,
  children,
  actions,
  className,
  id,
  description,
}: {
  title: React.ReactNode;
  children: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  id?: string;
  description?: React.ReactNode;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <Card className={cn("scroll-mt-20 p-4", className)}>
      <section aria-labelledby={headingId} id={id}>
        <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 id={headingId} className="font-semibold">
              {title}
            </h2>
            {description && <p className="mt-0.5 text-xs text-zinc-500">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
        </div>
        {children}
      </section>
    </Card>
  );
}
