// Inline SVG glyphs (stars, faces, thumbs) so the widget looks the same without emoji fonts.

const svg = (children: preact.ComponentChildren, flip?: boolean) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" class={flip ? 'flip' : undefined}>
    {children}
  </svg>
);

export const Star = () => svg(<path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z" />);

/** A face whose mouth curves from sad (mood 0) to happy (mood 1). */
export const Face = (p: { mood: number }) => {
  const c = Math.round((p.mood * 2 - 1) * 40) / 10;
  return svg(
    <>
      <circle cx="12" cy="12" r="10" />
      <circle class="e" cx="8.5" cy="9.5" r="1.3" />
      <circle class="e" cx="15.5" cy="9.5" r="1.3" />
      <path class="m" d={`M7.5 ${15 - c / 2}q4.5 ${c} 9 0`} />
    </>,
  );
};

export const Thumb = (p: { down?: boolean }) =>
  svg(
    <path d="M2 21h4V9H2v12zm20-11c0-1.1-.9-2-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.5-1.1L13.2 1 6.6 7.6C6.2 8 6 8.4 6 9v10c0 1.1.9 2 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7c.1-.3.2-.5.2-.8v-2z" />,
    p.down,
  );
