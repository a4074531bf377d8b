/** Promises an update's abort signal can cut short. */

/** `p`, rejected with the signal's reason as soon as `signal` aborts. */
export function abortable<T> (p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep (ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  return abortable(new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) }), signal).finally(() => { clearTimeout(timer) })
}
