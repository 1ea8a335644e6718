// Inline SVG glyphs (stars, faces, thumbs) so the widget looks the same without emoji fonts.

const svg = (children: preact.ComponentChildren, flip?: boolean) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" class={flip ? 'tellus-flipped' : undefined}>
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
      <circle class="tellus-eye" cx="9" cy="9.8" r="1.25" />
      <circle class="tellus-eye" cx="15" cy="9.8" r="1.25" />
      <path class="tellus-mouth" d={`M8 ${y}Q12 ${y + c} 16 ${y}`} />
    </>,
  );
};

/** An outlined hand with a raised thumb (turned over for "down"). */
export const Thumb = (p: { down?: boolean }) =>
  svg(<path d="M3 10h4v10.5H3zM7 11l4-8c1.6 0 2.6 1.4 2.2 3L12.5 9.5h6c1.2 0 2.1 1.1 1.9 2.3l-1.5 7.2a2 2 0 01-2 1.5H7" />, p.down);
