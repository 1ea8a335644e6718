// Class selectors for the built widget files: written with the source's readable names, shortened as the build shortens them.
export { shortenNames as built } from '../../packages/widget/short-names.mjs';
