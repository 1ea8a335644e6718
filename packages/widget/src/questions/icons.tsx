// Inline SVG glyphs (stars, faces, thumbs) so the widget looks the same without emoji fonts.

const svg = (children: preact.ComponentChildren, flip?: boolean) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" class={flip ? 'flip' : undefined}>
    {children}
  </svg>
);

export const Star = () => svg(<path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z" />);

/** A face whose mouth curves from sad (mood 0) to happy (mood 1). */
export const Face = (p: { mood: number }) => {
  const c = Math.round((p.mood * 2 - 1) * 35) / 10; // mouth curve, -3.5 … 3.5
  const y = 15.5 - c / 3;
  return svg(
    <>
      <circle cx="12" cy="12" r="9.5" />
      <circle class="e" cx="9" cy="9.8" r="1.25" />
      <circle class="e" cx="15" cy="9.8" r="1.25" />
      <path class="m" d={`M8 ${y}Q12 ${y + c} 16 ${y}`} />
    </>,
  );
};

/** An outlined hand with a raised thumb (turned over for "down"). */
export const Thumb = (p: { down?: boolean }) =>
  svg(
    <>
      <rect x="2.75" y="10" width="4" height="10.5" rx="1" />
      <path d="M6.75 11.5l3.9-7.6c.3-.6 1-.9 1.6-.6 1.2.5 1.8 1.8 1.5 3.1l-.8 3.1h5.3c1.3 0 2.2 1.2 1.9 2.4l-1.6 7.1c-.2.9-1 1.5-1.9 1.5H6.75" />
    </>,
    p.down,
  );
