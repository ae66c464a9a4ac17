/** The roster's columns, in the order the import writes them: one row per councillor, a ward's rows together. */
export const ROSTER_HEADER = ['ward code', 'ward name', 'councillor', 'email', 'entra object id'] as const;
