"use client";

import { useId } from "react";
import { decodeCsvBytes } from "@/server/csv-decode";

/** One problem of a refused CSV import: data row, column name and what is wrong. */
export interface CsvRowError {
  row: number;
  column: string;
  message: string;
}

/**
 * A labelled file input that reads the chosen CSV file's bytes and decodes them (server/csv-decode.ts:
 * strict UTF-8, BOM dropped, else GB18030 — what Excel saves on a Chinese Windows). onPick sees the raw choice first
 * (undefined when the choice was cleared); files over maxSize bytes are refused with
 * onError("tooLarge") without being read. loadedLabel (e.g. "Loaded data.csv") shows under the input.
 */
export function CsvFileInput({
  label,
  loadedLabel,
  accept,
  maxSize,
  onPick,
  onLoaded,
  onError,
}: {
  label: React.ReactNode;
  loadedLabel?: React.ReactNode;
  accept: string;
  maxSize: number;
  onPick?: (file: File | undefined) => void;
  onLoaded: (text: string, fileName: string) => void;
  onError: (reason: "tooLarge" | "readFailed") => void;
}) {
  const id = useId();
  const read = (file: File | undefined) => {
    onPick?.(file);
    if (!file) return;
    if (file.size > maxSize) {
      onError("tooLarge");
      return;
    }
    file.arrayBuffer().then(
      (bytes) => onLoaded(decodeCsvBytes(bytes).text, file.name),
      () => onError("readFailed"),
    );
  };
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        onChange={(e) => read(e.target.files?.[0])}
        className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-zinc-900 hover:file:bg-zinc-50 dark:text-zinc-300 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
      />
      {loadedLabel && <p className="text-xs text-zinc-500">{loadedLabel}</p>}
    </div>
  );
}

/** The row / column / problem table of a refused CSV import. */
export function CsvErrorTable({
  errors,
  labels,
  testId,
  formatRow = (row) => row,
  formatColumn = (column) => column,
}: {
  errors: CsvRowError[];
  labels: { row: string; column: string; problem: string; caption: string };
  testId?: string;
  formatRow?: (row: number) => React.ReactNode;
  formatColumn?: (column: string) => React.ReactNode;
}) {
  return (
    <div className="max-h-64 overflow-auto rounded border border-red-200 bg-white dark:border-red-900 dark:bg-zinc-900">
      <table className="w-full text-left text-xs text-zinc-800 dark:text-zinc-200" data-testid={testId}>
        <caption className="sr-only">{labels.caption}</caption>
        <thead className="sticky top-0 bg-zinc-50 text-zinc-500 dark:bg-zinc-800">
          <tr>
            <th scope="col" className="px-2 py-1.5 font-medium">
              {labels.row}
            </th>
            <th scope="col" className="px-2 py-1.5 font-medium">
              {labels.column}
            </th>
            <th scope="col" className="px-2 py-1.5 font-medium">
              {labels.problem}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {errors.map((e, i) => (
            <tr key={i}>
              <td className="px-2 py-1.5 tabular-nums">{formatRow(e.row)}</td>
              <td className="px-2 py-1.5 font-mono">{formatColumn(e.column)}</td>
              <td className="px-2 py-1.5">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
