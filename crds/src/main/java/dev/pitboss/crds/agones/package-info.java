/**
 * Our model of the Agones 1.61 kinds the operator touches: only the fields we read or write. The
 * build generates stand-in CRDs from these classes (target/classes/agones-stand-in) because the
 * real Agones CRDs cannot be fetched in this build; subtrees we do not model are kept verbatim.
 */
package dev.pitboss.crds.agones;
