// The thread's scrolling: older messages load when the top comes into view, and the reader's place is kept when they
// are put above it; the newest message stays in view as new ones arrive.
export function observe(sentinel, thread, component) {
  const observer = new IntersectionObserver(entries => {
    if (entries.some(e => e.isIntersecting)) component.invokeMethodAsync('LoadOlderAsync', thread.scrollHeight);
  }, { root: thread });
  observer.observe(sentinel);
  return { dispose: () => observer.disconnect() };
}

// Messages were put above what the reader sees: move down by what was added, so the same message stays in place.
export function keepPlace(thread, heightBefore) {
  thread.scrollTop += thread.scrollHeight - heightBefore;
}

export function scrollToEnd(thread) {
  thread.scrollTop = thread.scrollHeight;
}

// A quoted message was clicked: bring the message it quotes into view, briefly marked.
export function scrollToMessage(thread, id) {
  const target = thread.querySelector(`[data-message="${CSS.escape(id)}"]`);
  if (!target) return;
  target.scrollIntoView({ block: 'center', behavior: 'smooth' });
  target.classList.add('msg-flash');
  setTimeout(() => target.classList.remove('msg-flash'), 1500);
}
