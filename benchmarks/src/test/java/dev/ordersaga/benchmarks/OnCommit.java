package dev.ordersaga.benchmarks;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Notes the moment a transaction commits, from inside it. */
public final class OnCommit {

	private OnCommit() {
	}

	/**
	 * Runs an action right after the current transaction commits, before any after-completion work
	 * (such as Spring Modulith's after-commit listeners) that was registered later.
	 * @param action what to run, must not be {@literal null}
	 * @throws IllegalStateException when no transaction synchronization is active
	 */
	public static void run(Runnable action) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				action.run();
			}
		});
	}
}
