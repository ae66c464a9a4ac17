/** One reason the package would be refused. path names the place in the manifest, when there is one. */
export interface Problem {
  path?: string;
  message: string;
}
