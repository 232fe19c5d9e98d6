"use client";

import { useEffect, useState, type ComponentProps } from "react";
import type { ExternalToast, Toaster as SonnerToaster } from "sonner";

/**
 * Toasts without sonner in the first load: ToasterHost (root layout) mounts sonner's Toaster once the
 * browser is idle after the page has loaded (or at once when a toast comes earlier), and `toast` hands
 * each message to sonner when its Toaster is listening. Same calls as sonner's toast.success/error/info/warning.
 */
type Sonner = typeof import("sonner");
type Message = Parameters<Sonner["toast"]["success"]>[0];
type Kind = "success" | "error" | "info" | "warning";

let sonner: Promise<Sonner> | null = null;
const load = () => (sonner ??= import("sonner"));
let markMounted!: () => void;
const mounted = new Promise<void>((resolve) => (markMounted = resolve));
let mountNow: (() => void) | null = null;

function show(kind: Kind, message: Message, data?: ExternalToast) {
  mountNow?.();
  void mounted.then(load).then((m) => {
    m.toast[kind](message, data);
  });
}

export const toast: Record<Kind, (message: Message, data?: ExternalToast) => void> = {
  success: (message, data) => show("success", message, data),
  error: (message, data) => show("error", message, data),
  info: (message, data) => show("info", message, data),
  warning: (message, data) => show("warning", message, data),
};

/** Sonner's Toaster (same props), loaded after the page when the browser is idle. */
export function ToasterHost(props: ComponentProps<typeof SonnerToaster>) {
  const [Toaster, setToaster] = useState<Sonner["Toaster"] | null>(null);
  useEffect(() => {
    let started = false;
    const mount = () => {
      if (started) return;
      started = true;
      void load().then((m) => setToaster(() => m.Toaster));
    };
    mountNow = mount;
    const idle = typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(mount, { timeout: 2000 }) : null;
    const timer = idle === null ? window.setTimeout(mount, 200) : null;
    return () => {
      mountNow = null;
      if (idle !== null) window.cancelIdleCallback(idle);
      if (timer !== null) window.clearTimeout(timer);
    };
  }, []);
  // Effects run children first: the Toaster has subscribed to sonner's toasts by now.
  useEffect(() => {
    if (Toaster) markMounted();
  }, [Toaster]);
  return Toaster ? <Toaster {...props} /> : null;
}
