import { QRCodeSVG } from 'qrcode.react';

/**
 * The link as a QR code, for phones. Loaded lazily by ShareDialog (its own chunk). Drawn as SVG elements, so the
 * page's CSP (no inline styles or scripts) is untouched. Level L: presigned links are long, and a screen is clean.
 */
export default function QrCode({ value }: { value: string }) {
  return (
    <figure className="qr-code">
      <QRCodeSVG
        value={value}
        size={184}
        level="L"
        marginSize={2}
        role="img"
        aria-label="QR code of the link"
      />
      <figcaption className="muted">Point a phone’s camera at it to open the link.</figcaption>
    </figure>
  );
}
