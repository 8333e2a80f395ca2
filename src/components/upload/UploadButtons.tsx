import { useRef, type ChangeEvent, type RefObject } from 'react';
import { collectFromFileList } from '../../lib/collect-files';
import { useUploadFlow } from '../../hooks/use-upload-flow';
import { UploadFlowDialogs } from './UploadFlowDialogs';

/**
 * "Upload" (pick files) and "Upload folder" (pick a folder, paths kept) for the toolbar. `filesInput` lets another
 * control (the folder's menu) open the same file picker.
 */
export function UploadButtons({
  bucket,
  prefix,
  filesInput: givenInput,
}: {
  bucket: string;
  prefix: string;
  filesInput?: RefObject<HTMLInputElement | null>;
}) {
  const flow = useUploadFlow(bucket, prefix);
  const { start } = flow;
  const ownInput = useRef<HTMLInputElement>(null);
  const filesInput = givenInput ?? ownInput;
  const folderInput = useRef<HTMLInputElement>(null);
  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    if (input.files?.length) start(collectFromFileList(input.files));
    // The same selection again must fire `change` again.
    input.value = '';
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => filesInput.current?.click()}>
        Upload
      </button>
      <button type="button" className="toolbar-secondary-button" onClick={() => folderInput.current?.click()}>
        Upload folder
      </button>
      <input ref={filesInput} type="file" multiple hidden aria-label="Files to upload" onChange={picked} />
      <input
        ref={folderInput}
        type="file"
        hidden
        aria-label="Folder to upload"
        // React does not know the attribute; the lower-case name passes through to the DOM.
        {...{ webkitdirectory: '' }}
        onChange={picked}
      />
      <UploadFlowDialogs flow={flow} prefix={prefix} />
    </>
  );
}
