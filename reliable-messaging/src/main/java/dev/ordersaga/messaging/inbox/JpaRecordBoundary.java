package dev.ordersaga.messaging.inbox;

import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.TransactionStatus;
import org.springframework.util.function.SingletonSupplier;

/**
 * Between two records of a batch, flushes the JPA session of the batch's transaction and clears
 * it: the next record's handler reads its entities from the database, as it would in a transaction
 * of its own, even where the previous one changed their rows by SQL.
 */
final class JpaRecordBoundary implements InboxProcessor.RecordBoundary {

	private final Supplier<@Nullable EntityManagerFactory> entityManagerFactory;

	JpaRecordBoundary(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
		// Looked up once, at the first record, not once per record.
		this.entityManagerFactory = SingletonSupplier.ofNullable(entityManagerFactories::getIfUnique);
	}

	@Override
	public void afterRecord(TransactionStatus status) {
		EntityManagerFactory factory = entityManagerFactory.get();
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
