/**
 * Whether a grid cell shows the object itself: by its name, since a listing carries no content type. The image is
 * only ever an <img> (an SVG's scripts never run there), fetched for the cells on screen only.
 */
const IMAGE_NAME = /\.(png|jpe?g|gif|webp|avif|bmp|ico|svg)$/i;

export function showsThumbnail(name: string): boolean {
  return IMAGE_NAME.test(name);
}
