'use client';

import { type RefObject, useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to the element with this id once the page shows it: a page that arrives with
 * an error (after a full page load or a redirect) sends focus to the field or message to read first.
 */
export function MoveFocus({ to }: { to: string }) {
  useEffect(() => {
    document.getElementById(to)?.focus();
  }, [to]);
  return null;
}

/** Focuses the element this sits in (which needs tabIndex -1) when it appears, as MoveFocus does by id. */
export function FocusParent() {
  const marker = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    marker.current?.parentElement?.focus();
  }, []);
  return <span ref={marker} hidden />;
}

/**
 * After a form's action answers (each new `result`, never the first render), focus goes to the first
 * invalid field, else to the form's message (`data-result`): the submit button disables itself while
 * the action runs, and without this focus would fall to the page and the next Tab leave it.
 */
export function useFocusAfterSubmit(form: RefObject<HTMLFormElement | null>, result: unknown) {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new result, which is the point
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const scope = form.current;
    const target =
      scope?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      scope?.querySelector<HTMLElement>('[data-result]');
    target?.focus();
  }, [result]);
}

/**
 * Starts the page title with "Error: " while it is shown (as GOV.UK does), for pages whose errors the
 * server cannot tell from the URL alone. Next may write the title after this mounts (its metadata
 * streams in), so the prefix is put back whenever the title changes.
 */
export function ErrorTitle() {
  useEffect(() => {
    const prefix = () => {
      if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
    };
    prefix();
    const watcher = new MutationObserver(prefix);
    watcher.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      watcher.disconnect();
      document.title = document.title.replace(/^Error: /, '');
    };
  }, []);
  return null;
}
