package dev.ordersaga.servicesupport.persistence;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * The base of an entity whose id is assigned before it is stored (a UUID the aggregate makes, or
 * the ids of the event it records): Spring Data saves a new one with a plain INSERT instead of a
 * merge, which would first SELECT the assigned id to find out whether it exists. An instance is new
 * from its construction until it is stored; one loaded from the database is not.
 *
 * @param <ID> the type of the id
 */
@MappedSuperclass
public abstract class AssignedIdEntity<ID> implements Persistable<ID> {

	@Transient
	private boolean isNew = true;

	@Override
	public boolean isNew() {
		return isNew;
	}

	@PostPersist
	@PostLoad
	void stored() {
		isNew = false;
	}
}
