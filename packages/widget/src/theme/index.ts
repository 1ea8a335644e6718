// Theme: stylesheet, theme tokens and how they reach the shadow root.
export { CSS } from './styles';
export { applyTheme, type Theme } from './tokens';
export { adoptStyles } from './adopt';
