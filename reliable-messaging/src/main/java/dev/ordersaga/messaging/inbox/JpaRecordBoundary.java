package dev.ordersaga.messaging.inbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.TransactionStatus;

/**
 * Between two records of a batch, flushes the JPA session of the batch's transaction and clears
 * it: the next record's handler reads its entities from the database, as it would in a transaction
 * of its own, even where the previous one changed their rows by SQL.
 */
final class JpaRecordBoundary implements InboxProcessor.RecordBoundary {

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	JpaRecordBoundary(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		this.entityManagerFactories = entityManagerFactories;
	}

	@Override
	public void afterRecord(TransactionStatus status) {
		EntityManagerFactory factory = entityManagerFactories.getIfUnique();
		EntityManager session = factory != null ? EntityManagerFactoryUtils.getTransactionalEntityManager(factory)
				: null;
		if (session == null) {
			status.flush();
			return;
		}
		session.flush();
		session.clear();
	}
}
