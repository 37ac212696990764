/** Small inline SVG icons (no icon font: they render the same on every machine). */
const base = { width: '1em', height: '1em', viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export const IconPlay = () => (
  <svg {...base} fill="currentColor">
    <path d="M7 4.5v15l13-7.5z" />
  </svg>
);
export const IconPause = () => (
  <svg {...base} fill="currentColor">
    <rect x="6" y="4.5" width="4" height="15" rx="1" />
    <rect x="14" y="4.5" width="4" height="15" rx="1" />
  </svg>
);
export const IconStepBack = () => (
  <svg {...base} fill="currentColor">
    <rect x="4" y="5" width="3" height="14" rx="1" />
    <path d="M20 5v14L8.5 12z" />
  </svg>
);
export const IconStepForward = () => (
  <svg {...base} fill="currentColor">
    <rect x="17" y="5" width="3" height="14" rx="1" />
    <path d="M4 5v14l11.5-7z" />
  </svg>
);
export const IconTimeout = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
    <circle cx="11" cy="13" r="7.5" />
    <path d="M11 9v4.5l3 2M8.5 2.5h5" />
    <path d="M19.5 6.5l2-2" />
  </svg>
);
export const IconHost = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
    <rect x="3" y="4" width="18" height="12" rx="1.5" />
    <path d="M8 20h8M12 16v4" />
  </svg>
);
export const IconFirewall = () => (
  <svg {...base} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round">
    <path d="M12 2.5l8 3v6c0 5-3.5 8.5-8 10-4.5-1.5-8-5-8-10v-6z" />
    <path d="M4.5 10h15M4.5 15h15M12 5v5M8.5 10v5M15.5 10v5M12 15v5" strokeWidth="1.4" />
  </svg>
);
export const IconFastForward = () => (
  <svg {...base} fill="currentColor">
    <path d="M3 5v14l9-7zM12 5v14l9-7z" />
  </svg>
);
