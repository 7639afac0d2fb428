/**
 * Our model of the Agones kinds the operator touches (Agones v1.60.0): the fields we read or write
 * are named, every other field is kept in each record's {@code unknown} map, so a read never fails
 * on a field we do not model and a write never drops one. The tests install Agones' own CRDs.
 */
package dev.pitboss.crds.agones;
